#include "signaling/RoomMethods.h"
#include "signaling/RpcParams.h"
#include "signaling/StateChange.h"
#include "util/Exceptions.h"
#include <algorithm>
#include <map>

namespace rolecall
{
namespace
{

using Keys = std::vector<std::string>;
using Params = Poco::JSON::Object;

Keys setLayout(Room& room, const Params& p)
{
    const std::string name = RpcParams::requiredString(p, "name");
    const auto& all = RoomMethods::layouts();
    if (std::find(all.begin(), all.end(), name) == all.end())
        throw RpcError("unknown layout '" + name + "' (room.list_available_layouts)", 400);
    return changeField(room.layout, name, "layout");
}

const std::map<std::string, RoomMethod> methods = {
    {"room.lock",
     {"room.lock", [](Room& r, const Params&) { return changeField(r.locked, true, "locked"); }}},
    {"room.unlock",
     {"room.unlock",
      [](Room& r, const Params&) { return changeField(r.locked, false, "locked"); }}},
    {"room.set_layout", {"room.set_layout", setLayout}},
    {"room.hide_video_muted",
     {"room.hide_video_muted", [](Room& r, const Params&)
      { return changeField(r.hideVideoMuted, true, "hide_video_muted"); }}},
    {"room.show_video_muted",
     {"room.show_video_muted", [](Room& r, const Params&)
      { return changeField(r.hideVideoMuted, false, "hide_video_muted"); }}},
    {"room.set_meta",
     {"room.set_meta",
      [](Room& r, const Params& p)
      {
          r.meta = RpcParams::requiredMeta(p, "meta");
          return Keys{"meta"};
      }}},
    {"room.set_prioritize_handraise",
     {"room.prioritize_handraise",
      [](Room& r, const Params& p)
      {
          return changeField(r.prioritizeHandraise, RpcParams::requiredBoolean(p, "enabled"),
                             "prioritize_handraise");
      }}},
};

} // namespace

namespace RoomMethods
{

const RoomMethod* find(const std::string& method)
{
    auto it = methods.find(method);
    return it == methods.end() ? nullptr : &it->second;
}

const std::vector<std::string>& layouts()
{
    // A grid of equals, and the one talking large with the others in a strip.
    static const std::vector<std::string> all = {"grid-responsive", "highlight-1-responsive"};
    return all;
}

} // namespace RoomMethods
} // namespace rolecall
