#include "signaling/Room.h"
#include "Poco/JSON/Array.h"

namespace rolecall
{

Member* Room::find(const std::string& memberId)
{
    for (auto& [seq, member] : members)
        if (member.id == memberId)
            return &member;
    return nullptr;
}

Poco::JSON::Object::Ptr Room::toJson() const
{
    Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
    json->set("id", sessionId);
    json->set("name", name);
    json->set("display_name", name);
    json->set("locked", locked);
    json->set("layout", layout);
    json->set("hide_video_muted", hideVideoMuted);
    json->set("prioritize_handraise", prioritizeHandraise);
    json->set("meta", meta);
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& [seq, member] : members)
        list->add(member.toJson());
    json->set("members", list);
    return json;
}

} // namespace rolecall
