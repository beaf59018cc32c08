#include "signaling/MemberMethods.h"
#include "Poco/RegularExpression.h"
#include "signaling/RpcParams.h"
#include "signaling/StateChange.h"
#include "util/Exceptions.h"
#include <map>

namespace rolecall
{
namespace
{

using Keys = std::vector<std::string>;
using Params = Poco::JSON::Object;

void noParams(const Params&) {}

Keys mute(Member& m, const char* kind, bool muted)
{
    if (!muted && !m.maySend(kind))
        throw RpcError(m.type == "audience"
                           ? m.name + " is in the audience and sends nothing until promoted"
                           : m.name + "'s role may not send " + kind +
                                 " (media_allowed = " + m.options.mediaAllowed + ")",
                       403);
    return changeField(kind == std::string("audio") ? m.audioMuted : m.videoMuted, muted,
                       kind == std::string("audio") ? "audio_muted" : "video_muted");
}

Keys raiseHand(Member& m, Room& room, bool up)
{
    if (m.handRaised == up)
        return {};
    m.handRaised = up;
    m.handRaisedAt = up ? ++room.handsRaised : 0;
    return {"handraised", "handraised_at"};
}

void checkVolume(const Params& p)
{
    RpcParams::requiredInteger(p, "volume", -50, 50);
}
void checkSensitivity(const Params& p)
{
    RpcParams::requiredInteger(p, "value", 0, 100);
}
void checkMeta(const Params& p)
{
    RpcParams::requiredMeta(p, "meta");
}

// SignalWire's layout positions; N is a slot number.
bool validPosition(const std::string& position)
{
    static const Poco::RegularExpression pattern(
        "^(auto|off-canvas|(reserved|standard)-[0-9]{1,2})$");
    return pattern.match(position);
}

void checkPosition(const Params& p)
{
    if (!validPosition(RpcParams::requiredString(p, "position")))
        throw RpcError("'position' must be auto, off-canvas, reserved-N or standard-N", 400);
}

Keys setType(Member& m, bool audience)
{
    if (m.secondary())
        throw RpcError("a screen share or additional camera cannot be promoted or demoted", 400);
    if ((m.type == "audience") == audience)
        return {};
    m.type = audience ? "audience" : "member";
    Keys keys = {"type", "media_allowed"};
    if (audience)
    {
        // The audience sends nothing and has no hand up.
        for (const auto& k : {changeField(m.audioMuted, true, "audio_muted"),
                              changeField(m.videoMuted, true, "video_muted"),
                              changeField(m.handRaised, false, "handraised")})
            keys.insert(keys.end(), k.begin(), k.end());
        m.handRaisedAt = 0;
    }
    return keys;
}

const std::map<std::string, MemberMethod> methods = {
    {"member.audio_mute",
     {"audio_mute", true, true, noParams,
      [](Member& m, Room&, const Params&) { return mute(m, "audio", true); }}},
    {"member.audio_unmute",
     {"audio_unmute", true, true, noParams,
      [](Member& m, Room&, const Params&) { return mute(m, "audio", false); }}},
    {"member.video_mute",
     {"video_mute", true, true, noParams,
      [](Member& m, Room&, const Params&) { return mute(m, "video", true); }}},
    {"member.video_unmute",
     {"video_unmute", true, true, noParams,
      [](Member& m, Room&, const Params&) { return mute(m, "video", false); }}},
    {"member.deaf",
     {"deaf", true, true, noParams,
      [](Member& m, Room&, const Params&) { return changeField(m.deaf, true, "deaf"); }}},
    {"member.undeaf",
     {"undeaf", true, true, noParams,
      [](Member& m, Room&, const Params&) { return changeField(m.deaf, false, "deaf"); }}},
    {"member.raisehand",
     {"raisehand", true, false, noParams,
      [](Member& m, Room& r, const Params&) { return raiseHand(m, r, true); }}},
    {"member.lowerhand",
     {"lowerhand", true, true, noParams,
      [](Member& m, Room& r, const Params&) { return raiseHand(m, r, false); }}},
    {"member.set_input_volume",
     {"set_input_volume", true, false, checkVolume,
      [](Member& m, Room&, const Params& p)
      {
          return changeField(m.inputVolume, RpcParams::requiredInteger(p, "volume", -50, 50),
                             "input_volume");
      }}},
    {"member.set_output_volume",
     {"set_output_volume", true, false, checkVolume,
      [](Member& m, Room&, const Params& p)
      {
          return changeField(m.outputVolume, RpcParams::requiredInteger(p, "volume", -50, 50),
                             "output_volume");
      }}},
    {"member.set_input_sensitivity",
     {"set_input_sensitivity", true, false, checkSensitivity,
      [](Member& m, Room&, const Params& p)
      {
          return changeField(m.inputSensitivity, RpcParams::requiredInteger(p, "value", 0, 100),
                             "input_sensitivity");
      }}},
    {"member.set_meta",
     {"set_meta", true, false, checkMeta,
      [](Member& m, Room&, const Params& p)
      {
          m.meta = RpcParams::requiredMeta(p, "meta");
          return Keys{"meta"};
      }}},
    {"member.set_position",
     {"set_position", true, false, checkPosition,
      [](Member& m, Room&, const Params& p)
      { return changeField(m.position, RpcParams::requiredString(p, "position"), "position"); }}},
    {"member.promote",
     {"promote", false, false, noParams,
      [](Member& m, Room&, const Params&) { return setType(m, false); }}},
    {"member.demote",
     {"demote", false, false, noParams,
      [](Member& m, Room&, const Params&) { return setType(m, true); }}},
};

} // namespace

namespace MemberMethods
{

const MemberMethod* find(const std::string& method)
{
    auto it = methods.find(method);
    return it == methods.end() ? nullptr : &it->second;
}

bool validPosition(const std::string& position)
{
    return rolecall::validPosition(position);
}

} // namespace MemberMethods
} // namespace rolecall
