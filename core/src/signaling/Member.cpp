#include "signaling/Member.h"
#include "Poco/DateTimeFormat.h"
#include "Poco/DateTimeFormatter.h"
#include "rolecall/Permissions.h"

namespace rolecall
{

bool Member::may(const std::string& permission) const
{
    if (type == "audience")
        return false;
    return hasPermission(permissions, permission);
}

bool Member::maySend(const std::string& kind) const
{
    if (type == "audience")
        return false;
    return kind == "audio" ? options.maySendAudio() : options.maySendVideo();
}

Poco::JSON::Object::Ptr Member::toJson() const
{
    Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
    json->set("id", id);
    json->set("name", name);
    json->set("role", role);
    json->set("type", type);
    json->set("audio_muted", audioMuted);
    json->set("video_muted", videoMuted);
    json->set("talking", talking);
    json->set("deaf", deaf);
    json->set("handraised", handRaised);
    json->set("handraised_at", handRaisedAt);
    json->set("input_volume", inputVolume);
    json->set("output_volume", outputVolume);
    json->set("input_sensitivity", inputSensitivity);
    json->set("position", position);
    json->set("meta", meta);
    json->set("media_allowed", type == "audience" ? "none" : options.mediaAllowed);
    json->set("joined_at",
              Poco::DateTimeFormatter::format(joinedAt, Poco::DateTimeFormat::ISO8601_FRAC_FORMAT));
    return json;
}

} // namespace rolecall
