#include "tokens/TokenIssuer.h"
#include "Poco/Base64Decoder.h"
#include "Poco/Base64Encoder.h"
#include "Poco/JSON/Parser.h"
#include "Poco/JWT/Signer.h"
#include "Poco/JWT/Token.h"
#include "util/Exceptions.h"
#include <algorithm>
#include <cppunit/extensions/HelperMacros.h>
#include <iterator>
#include <sstream>

using namespace rolecall;

namespace
{
const std::string key = "unit-test-signing-key-0123456789abcdef";

RoomGrant sampleGrant()
{
    RoomGrant g;
    g.room = "Reception";
    g.user = "Ann";
    g.role = "moderator";
    g.permissions = {"room.self.audio_mute", "room.member.remove"};
    return g;
}

std::string base64url(const std::string& text)
{
    std::ostringstream out;
    Poco::Base64Encoder enc(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    enc << text;
    enc.close();
    return out.str();
}

std::string unbase64url(const std::string& text)
{
    std::istringstream in(text);
    Poco::Base64Decoder dec(in, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    return std::string(std::istreambuf_iterator<char>(dec), {});
}

// The JWT's part `index` (0 header, 1 payload), decoded.
std::string part(const std::string& jwt, int index)
{
    const auto first = jwt.find('.'), second = jwt.rfind('.');
    return unbase64url(index == 0 ? jwt.substr(0, first)
                                  : jwt.substr(first + 1, second - first - 1));
}

std::string rejection(const TokenIssuer& issuer, const std::string& jwt,
                      const Poco::Timestamp& now = Poco::Timestamp())
{
    try
    {
        issuer.verify(jwt, now);
    }
    catch (const TokenError& e)
    {
        return e.what();
    }
    return "accepted";
}
} // namespace

class TokenIssuerTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(TokenIssuerTest);
    CPPUNIT_TEST(issuedTokenVerifiesWithAllClaims);
    CPPUNIT_TEST(eachTokenHasItsOwnId);
    CPPUNIT_TEST(tamperedSignatureIsRefused);
    CPPUNIT_TEST(tamperedPayloadIsRefused);
    CPPUNIT_TEST(otherKeyIsRefused);
    CPPUNIT_TEST(expiredTokenIsRefused);
    CPPUNIT_TEST(notYetValidTokenIsRefused);
    CPPUNIT_TEST(algNoneIsRefused);
    CPPUNIT_TEST(otherHmacAlgorithmIsRefused);
    CPPUNIT_TEST(malformedInputIsRefused);
    CPPUNIT_TEST(missingClaimsAreRefused);
    CPPUNIT_TEST(foreignIssuerIsRefused);
    CPPUNIT_TEST(pocoSignerVerifiesTheExactClaimSet);
    CPPUNIT_TEST(joinOptionsRoundTrip);
    CPPUNIT_TEST(stringClaimsAreEscapedAsJson);
    CPPUNIT_TEST(signatureIsBase64UrlWithoutPadding);
    CPPUNIT_TEST(anythingAppendedToAGenuineTokenIsRefused);
    CPPUNIT_TEST(otherSpellingOfTheSameSignatureIsRefused);
    CPPUNIT_TEST(otherSpellingOfTheSamePayloadIsRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void issuedTokenVerifiesWithAllClaims()
    {
        TokenIssuer issuer(key, 3600);
        RoomGrant grant = sampleGrant();
        const std::string jwt = issuer.issue(grant);
        const RoomGrant back = issuer.verify(jwt);
        CPPUNIT_ASSERT_EQUAL(std::string("Reception"), back.room);
        CPPUNIT_ASSERT_EQUAL(std::string("Ann"), back.user);
        CPPUNIT_ASSERT_EQUAL(std::string("moderator"), back.role);
        CPPUNIT_ASSERT(back.permissions == grant.permissions);
        CPPUNIT_ASSERT_EQUAL(grant.id, back.id);
        CPPUNIT_ASSERT_EQUAL(std::time_t(3600),
                             back.expiresAt.epochTime() - back.issuedAt.epochTime());
    }

    void eachTokenHasItsOwnId()
    {
        TokenIssuer issuer(key, 60);
        RoomGrant a = sampleGrant(), b = sampleGrant();
        issuer.issue(a);
        issuer.issue(b);
        CPPUNIT_ASSERT(!a.id.empty());
        CPPUNIT_ASSERT(a.id != b.id);
    }

    void tamperedSignatureIsRefused()
    {
        TokenIssuer issuer(key, 3600);
        RoomGrant grant = sampleGrant();
        std::string jwt = issuer.issue(grant);
        // A middle character: the last one can decode to the same bytes.
        const auto sigStart = jwt.rfind('.') + 1;
        const auto middle = sigStart + (jwt.size() - sigStart) / 2;
        jwt[middle] = jwt[middle] == 'A' ? 'B' : 'A';
        CPPUNIT_ASSERT_EQUAL(std::string("token signature is not valid"), rejection(issuer, jwt));
    }

    void tamperedPayloadIsRefused()
    {
        TokenIssuer issuer(key, 3600);
        RoomGrant grant = sampleGrant();
        std::string jwt = issuer.issue(grant);
        const auto first = jwt.find('.'), second = jwt.rfind('.');
        const std::string forged =
            R"({"iss":"rolecall","jti":"x","iat":1,"nbf":1,"exp":4102444800,"room":"Reception",)"
            R"("user":"Eve","role":"moderator","permissions":["room.member.remove"]})";
        jwt = jwt.substr(0, first + 1) + base64url(forged) + jwt.substr(second);
        CPPUNIT_ASSERT_EQUAL(std::string("token signature is not valid"), rejection(issuer, jwt));
    }

    void otherKeyIsRefused()
    {
        RoomGrant grant = sampleGrant();
        const std::string jwt = TokenIssuer(key, 3600).issue(grant);
        TokenIssuer other("another-signing-key-0123456789abcdefgh", 3600);
        CPPUNIT_ASSERT_EQUAL(std::string("token signature is not valid"), rejection(other, jwt));
    }

    void expiredTokenIsRefused()
    {
        TokenIssuer issuer(key, 60);
        RoomGrant grant = sampleGrant();
        const std::string jwt = issuer.issue(grant);
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"),
                             rejection(issuer, jwt, grant.expiresAt - Poco::Timespan(1, 0)));
        CPPUNIT_ASSERT_EQUAL(std::string("token has expired"),
                             rejection(issuer, jwt, grant.expiresAt));
    }

    void notYetValidTokenIsRefused()
    {
        TokenIssuer issuer(key, 60);
        RoomGrant grant = sampleGrant();
        const std::string jwt = issuer.issue(grant);
        CPPUNIT_ASSERT_EQUAL(std::string("token is not valid yet"),
                             rejection(issuer, jwt, grant.issuedAt - Poco::Timespan(5, 0)));
    }

    void algNoneIsRefused()
    {
        TokenIssuer issuer(key, 3600);
        RoomGrant grant = sampleGrant();
        const std::string jwt = issuer.issue(grant);
        const auto first = jwt.find('.'), second = jwt.rfind('.');
        const std::string payload = jwt.substr(first + 1, second - first - 1);
        const std::string none = base64url(R"({"alg":"none","typ":"JWT"})") + "." + payload + ".";
        CPPUNIT_ASSERT_EQUAL(std::string("token is not signed with HS256"),
                             rejection(issuer, none));
    }

    void otherHmacAlgorithmIsRefused()
    {
        Poco::JWT::Token token;
        token.setIssuer("rolecall");
        token.setExpiration(Poco::Timestamp() + Poco::Timespan(600, 0));
        token.setIssuedAt(Poco::Timestamp());
        Poco::JWT::Signer signer(key);
        signer.addAlgorithm(Poco::JWT::Signer::ALGO_HS512);
        const std::string jwt = signer.sign(token, Poco::JWT::Signer::ALGO_HS512);
        CPPUNIT_ASSERT_EQUAL(std::string("token is not signed with HS256"),
                             rejection(TokenIssuer(key, 60), jwt));
    }

    void malformedInputIsRefused()
    {
        TokenIssuer issuer(key, 60);
        CPPUNIT_ASSERT_EQUAL(std::string("token is empty or too long"), rejection(issuer, ""));
        CPPUNIT_ASSERT_EQUAL(std::string("token is empty or too long"),
                             rejection(issuer, std::string(9000, 'a')));
        for (const std::string bad : {"abc", "a.b", "a.b.c", "....", "eyJ.eyJ.sig", "\x01\x02.x.y"})
            CPPUNIT_ASSERT(rejection(issuer, bad) != "accepted");
    }

    void missingClaimsAreRefused()
    {
        Poco::JWT::Token token;
        token.setIssuer("rolecall");
        token.setId("id-1");
        token.setIssuedAt(Poco::Timestamp());
        token.setExpiration(Poco::Timestamp() + Poco::Timespan(600, 0));
        token.payload().set("user", "Ann");
        token.payload().set("role", "guest");
        const std::string jwt = Poco::JWT::Signer(key).sign(token, Poco::JWT::Signer::ALGO_HS256);
        CPPUNIT_ASSERT_EQUAL(std::string("token lacks the 'room' claim"),
                             rejection(TokenIssuer(key, 60), jwt));
    }

    void foreignIssuerIsRefused()
    {
        Poco::JWT::Token token;
        token.setIssuer("someone-else");
        token.setIssuedAt(Poco::Timestamp());
        token.setExpiration(Poco::Timestamp() + Poco::Timespan(600, 0));
        const std::string jwt = Poco::JWT::Signer(key).sign(token, Poco::JWT::Signer::ALGO_HS256);
        CPPUNIT_ASSERT_EQUAL(std::string("token was not issued by rolecall"),
                             rejection(TokenIssuer(key, 60), jwt));
    }

    // The role's join options travel in the token and come back as issued;
    // a claim of the wrong type or value is refused, not defaulted.
    void joinOptionsRoundTrip()
    {
        TokenIssuer issuer(key, 600);
        RoomGrant grant = sampleGrant();
        grant.options.joinAudioMuted = true;
        grant.options.audience = true;
        grant.options.mediaAllowed = "audio-only";
        grant.options.removeAfterSeconds = 90;
        grant.options.endRoomOnLeave = true;
        const RoomGrant back = issuer.verify(issuer.issue(grant));
        CPPUNIT_ASSERT(back.options.joinAudioMuted);
        CPPUNIT_ASSERT(!back.options.joinVideoMuted);
        CPPUNIT_ASSERT(back.options.audience);
        CPPUNIT_ASSERT_EQUAL(std::string("audio-only"), back.options.mediaAllowed);
        CPPUNIT_ASSERT_EQUAL(90, back.options.removeAfterSeconds);
        CPPUNIT_ASSERT(back.options.endRoomOnLeave);

        Poco::JWT::Token token;
        token.setIssuer("rolecall");
        token.setId("x");
        token.setIssuedAt(Poco::Timestamp());
        token.setExpiration(Poco::Timestamp() + Poco::Timespan(60, 0));
        token.payload().set("room", "R");
        token.payload().set("user", "U");
        token.payload().set("role", "guest");
        token.payload().set("permissions", Poco::JSON::Array::Ptr(new Poco::JSON::Array));
        token.payload().set("join_as", "moderator");
        const std::string jwt = Poco::JWT::Signer(key).sign(token, Poco::JWT::Signer::ALGO_HS256);
        CPPUNIT_ASSERT_EQUAL(std::string("token has an unknown 'join_as' value"),
                             rejection(issuer, jwt));
    }

    // Poco's own Signer, which issue() no longer uses, accepts the token, and
    // the header and claims are exactly the ones Poco's Token wrote.
    void pocoSignerVerifiesTheExactClaimSet()
    {
        TokenIssuer issuer(key, 600);
        RoomGrant grant = sampleGrant();
        const std::string jwt = issuer.issue(grant);
        Poco::JWT::Signer signer(key);
        const Poco::JWT::Token token = signer.verify(jwt);
        CPPUNIT_ASSERT_EQUAL(std::string(R"({"alg":"HS256","typ":"JWT"})"), part(jwt, 0));
        CPPUNIT_ASSERT_EQUAL(std::string("HS256"), token.getAlgorithm());
        CPPUNIT_ASSERT_EQUAL(std::string("JWT"), token.getType());

        const Poco::JSON::Object& payload = token.payload();
        std::vector<std::string> names;
        payload.getNames(names);
        std::sort(names.begin(), names.end());
        const std::vector<std::string> expected = {"end_room_on_leave",
                                                   "exp",
                                                   "iat",
                                                   "iss",
                                                   "join_as",
                                                   "join_audio_muted",
                                                   "join_video_muted",
                                                   "jti",
                                                   "media_allowed",
                                                   "nbf",
                                                   "permissions",
                                                   "remove_after_seconds",
                                                   "role",
                                                   "room",
                                                   "user"};
        CPPUNIT_ASSERT(names == expected);
        CPPUNIT_ASSERT_EQUAL(std::string("rolecall"), token.getIssuer());
        CPPUNIT_ASSERT_EQUAL(grant.id, token.getId());
        for (const char* time : {"iat", "nbf", "exp"})
            CPPUNIT_ASSERT(payload.get(time).isInteger());
        CPPUNIT_ASSERT_EQUAL(grant.issuedAt.epochTime(), token.getIssuedAt().epochTime());
        CPPUNIT_ASSERT_EQUAL(grant.issuedAt.epochTime(), token.getNotBefore().epochTime());
        CPPUNIT_ASSERT_EQUAL(grant.expiresAt.epochTime(), token.getExpiration().epochTime());
        CPPUNIT_ASSERT_EQUAL(grant.issuedAt.epochTime() + 600, grant.expiresAt.epochTime());
        CPPUNIT_ASSERT_EQUAL(grant.room, payload.getValue<std::string>("room"));
        CPPUNIT_ASSERT_EQUAL(grant.user, payload.getValue<std::string>("user"));
        CPPUNIT_ASSERT_EQUAL(grant.role, payload.getValue<std::string>("role"));
        auto permissions = payload.getArray("permissions");
        CPPUNIT_ASSERT_EQUAL(grant.permissions.size(), permissions->size());
        for (std::size_t i = 0; i < permissions->size(); ++i)
            CPPUNIT_ASSERT_EQUAL(grant.permissions[i], permissions->getElement<std::string>(i));
        // No permissions is an empty array, not a missing claim.
        RoomGrant none = sampleGrant();
        none.permissions.clear();
        const std::string bare = issuer.issue(none);
        CPPUNIT_ASSERT(part(bare, 1).find(R"("permissions":[],)") != std::string::npos);
        CPPUNIT_ASSERT(issuer.verify(bare).permissions.empty());
    }

    void stringClaimsAreEscapedAsJson()
    {
        TokenIssuer issuer(key, 600);
        RoomGrant grant = sampleGrant();
        grant.room = "R\"oom\\ \x01\x1f\x7f\n\t\b\f\r /</script>";
        grant.user = "Zo\xC3\xAB \xF0\x9F\x8E\xA5 \xE2\x80\xA8 \"\\\"";
        grant.permissions = {"room.self.audio_mute", "quote\"perm"};
        const std::string jwt = issuer.issue(grant);
        const std::string payload = part(jwt, 1);
        CPPUNIT_ASSERT(
            payload.find(R"("room":"R\"oom\\ \u0001\u001f\u007f\n\t\b\f\r /</script>")") !=
            std::string::npos);
        // UTF-8 is valid JSON as it is; Poco's Token wrote it the same way.
        CPPUNIT_ASSERT(payload.find("\"user\":\"Zo\xC3\xAB \xF0\x9F\x8E\xA5 \xE2\x80\xA8 "
                                    "\\\"\\\\\\\"\"") != std::string::npos);
        // Any JSON parser reads back exactly what was issued.
        auto parsed = Poco::JSON::Parser().parse(payload).extract<Poco::JSON::Object::Ptr>();
        CPPUNIT_ASSERT_EQUAL(grant.room, parsed->getValue<std::string>("room"));
        CPPUNIT_ASSERT_EQUAL(grant.user, parsed->getValue<std::string>("user"));
        const RoomGrant back = issuer.verify(jwt);
        CPPUNIT_ASSERT_EQUAL(grant.room, back.room);
        CPPUNIT_ASSERT_EQUAL(grant.user, back.user);
        CPPUNIT_ASSERT(grant.permissions == back.permissions);
        const Poco::JWT::Token token = Poco::JWT::Signer(key).verify(jwt);
        CPPUNIT_ASSERT_EQUAL(grant.user, token.payload().getValue<std::string>("user"));
    }

    void signatureIsBase64UrlWithoutPadding()
    {
        TokenIssuer issuer(key, 600);
        for (std::size_t length = 0; length < 6; ++length)
        {
            // Payload lengths of every remainder mod 3.
            RoomGrant grant = sampleGrant();
            grant.user = std::string(length, 'u');
            const std::string jwt = issuer.issue(grant);
            CPPUNIT_ASSERT_EQUAL(std::string::npos,
                                 jwt.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
                                                       "opqrstuvwxyz0123456789-_."));
            CPPUNIT_ASSERT_EQUAL(std::size_t(43), jwt.size() - jwt.rfind('.') - 1);
            CPPUNIT_ASSERT_EQUAL(grant.user, issuer.verify(jwt).user);
        }
    }

    // Exactly three segments, no padding: Poco's Signer accepted all of these.
    void anythingAppendedToAGenuineTokenIsRefused()
    {
        TokenIssuer issuer(key, 600);
        RoomGrant grant = sampleGrant();
        const std::string jwt = issuer.issue(grant);
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"), rejection(issuer, jwt));
        for (const std::string suffix : {".", ".x", "==", "=", ".."})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(suffix, std::string("token is malformed"),
                                         rejection(issuer, jwt + suffix));
        CPPUNIT_ASSERT_EQUAL(std::string("token is malformed"), rejection(issuer, "." + jwt));
    }

    // 32 signature bytes take 43 characters whose last carries two unused
    // bits: setting one spells the same bytes differently.
    void otherSpellingOfTheSameSignatureIsRefused()
    {
        TokenIssuer issuer(key, 600);
        RoomGrant grant = sampleGrant();
        const std::string jwt = issuer.issue(grant);
        std::string other = jwt;
        other.back() = sibling(other.back());
        // The premise: a lenient decoder reads the same 32 bytes from both.
        CPPUNIT_ASSERT(other != jwt);
        CPPUNIT_ASSERT_EQUAL(signature(jwt), signature(other));
        CPPUNIT_ASSERT_EQUAL(std::size_t(32), signature(other).size());
        CPPUNIT_ASSERT_EQUAL(std::string("token is malformed"), rejection(issuer, other));
    }

    void otherSpellingOfTheSamePayloadIsRefused()
    {
        TokenIssuer issuer(key, 600);
        for (std::size_t length = 0; length < 3; ++length)
        {
            RoomGrant grant = sampleGrant();
            grant.user = std::string(length, 'u');
            std::string jwt = issuer.issue(grant);
            const auto end = jwt.rfind('.');
            if ((end - jwt.find('.') - 1) % 4 == 0)
                continue; // no unused bits in this length
            jwt[end - 1] = sibling(jwt[end - 1]);
            CPPUNIT_ASSERT_EQUAL(std::string("token is malformed"), rejection(issuer, jwt));
        }
    }

private:
    /// The base64url character one value up or down: it differs from `c`
    /// in the lowest bit only, an unused bit in a final character.
    static char sibling(char c)
    {
        static const std::string alphabet =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        return alphabet[alphabet.find(c) ^ 1];
    }

    static std::string signature(const std::string& jwt)
    {
        return unbase64url(jwt.substr(jwt.rfind('.') + 1));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TokenIssuerTest);
