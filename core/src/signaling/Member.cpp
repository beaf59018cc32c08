#include "signaling/Member.h"
#include "Poco/DateTimeFormat.h"
#include "Poco/DateTimeFormatter.h"
#include <algorithm>

namespace rolecall
{

bool Member::may(const std::string& permission) const
{
    return std::find(permissions.begin(), permissions.end(), permission) != permissions.end();
}

Poco::JSON::Object::Ptr Member::toJson() const
{
    Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
    json->set("id", id);
    json->set("name", name);
    json->set("role", role);
    json->set("type", screen ? "screen" : "member");
    json->set("audio_muted", audioMuted);
    json->set("video_muted", videoMuted);
    json->set("talking", talking);
    json->set("joined_at",
              Poco::DateTimeFormatter::format(joinedAt, Poco::DateTimeFormat::ISO8601_FRAC_FORMAT));
    return json;
}

} // namespace rolecall
