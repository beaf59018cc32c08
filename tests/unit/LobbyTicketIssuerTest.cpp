// Lobby tickets: signed with the server's key, bound to kind, room, user,
// role and expiry, and never interchangeable with room tokens.
#include "tokens/LobbyTicketIssuer.h"
#include "Poco/Timespan.h"
#include "tokens/TokenIssuer.h"
#include "util/Exceptions.h"
#include <cppunit/extensions/HelperMacros.h>
#include <vector>

using namespace rolecall;

namespace
{
const std::string key = "unit-test-signing-key-0123456789abcdef";

LobbyTicket sample(LobbyTicket::Kind kind = LobbyTicket::Kind::Wait)
{
    LobbyTicket t;
    t.kind = kind;
    t.room = "Reception";
    t.user = "Gus \"the guest\"";
    t.role = "visitor";
    return t;
}

std::string refusal(const LobbyTicketIssuer& issuer, const std::string& text,
                    const Poco::Timestamp& now = Poco::Timestamp())
{
    try
    {
        issuer.verify(text, now);
    }
    catch (const TokenError& e)
    {
        return e.what();
    }
    return "accepted";
}

} // namespace

class LobbyTicketIssuerTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(LobbyTicketIssuerTest);
    CPPUNIT_TEST(roundTripKeepsEveryClaim);
    CPPUNIT_TEST(kindsAreTold);
    CPPUNIT_TEST(expiredTicketIsRefused);
    CPPUNIT_TEST(tamperedOrForeignTicketIsRefused);
    CPPUNIT_TEST(roomTokenIsNoTicket);
    CPPUNIT_TEST(ticketIsNoRoomToken);
    CPPUNIT_TEST(malformedInputIsRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void roundTripKeepsEveryClaim()
    {
        LobbyTicketIssuer issuer(key);
        LobbyTicket t = sample();
        const std::string text = issuer.issue(t, 300);
        CPPUNIT_ASSERT_EQUAL(std::string("lobby1."), text.substr(0, 7));
        CPPUNIT_ASSERT(!t.id.empty());
        const LobbyTicket back = issuer.verify(text);
        CPPUNIT_ASSERT(back.kind == LobbyTicket::Kind::Wait);
        CPPUNIT_ASSERT_EQUAL(t.id, back.id);
        CPPUNIT_ASSERT_EQUAL(std::string("Reception"), back.room);
        CPPUNIT_ASSERT_EQUAL(std::string("Gus \"the guest\""), back.user);
        CPPUNIT_ASSERT_EQUAL(std::string("visitor"), back.role);
        CPPUNIT_ASSERT_EQUAL(t.expiresAt.epochTime(), back.expiresAt.epochTime());
        const auto left = back.expiresAt.epochTime() - Poco::Timestamp().epochTime();
        CPPUNIT_ASSERT(left >= 299 && left <= 300);
        // Two tickets for the same person differ (the id tells a page apart).
        LobbyTicket again = sample();
        CPPUNIT_ASSERT(issuer.issue(again, 300) != text);
    }

    void kindsAreTold()
    {
        LobbyTicketIssuer issuer(key);
        LobbyTicket t = sample(LobbyTicket::Kind::Watch);
        CPPUNIT_ASSERT(issuer.verify(issuer.issue(t, 60)).kind == LobbyTicket::Kind::Watch);
    }

    void expiredTicketIsRefused()
    {
        LobbyTicketIssuer issuer(key);
        LobbyTicket t = sample();
        const std::string text = issuer.issue(t, 60);
        const Poco::Timestamp later = Poco::Timestamp() + Poco::Timespan(61, 0);
        CPPUNIT_ASSERT(refusal(issuer, text, later).find("expired") != std::string::npos);
    }

    void tamperedOrForeignTicketIsRefused()
    {
        LobbyTicketIssuer issuer(key);
        LobbyTicket t = sample();
        std::string text = issuer.issue(t, 60);
        // A middle character of the payload (the last one may decode the same).
        std::string tampered = text;
        const std::size_t middle = 7 + (text.find('.', 7) - 7) / 2;
        tampered[middle] = tampered[middle] == 'A' ? 'B' : 'A';
        CPPUNIT_ASSERT(refusal(issuer, tampered) != "accepted");
        CPPUNIT_ASSERT(refusal(LobbyTicketIssuer("another-key-0123456789abcdefghijkl"), text)
                           .find("signature") != std::string::npos);
    }

    void roomTokenIsNoTicket()
    {
        RoomGrant grant;
        grant.room = "Reception";
        grant.user = "Gus";
        grant.role = "visitor";
        const std::string token = TokenIssuer(key, 600).issue(grant);
        CPPUNIT_ASSERT_EQUAL(std::string("this is not a lobby ticket"),
                             refusal(LobbyTicketIssuer(key), token));
        // Even spelled as a ticket, a token's signature is not a ticket's (another key).
        const std::string disguised = "lobby1." + token.substr(token.find('.') + 1);
        CPPUNIT_ASSERT(refusal(LobbyTicketIssuer(key), disguised) != "accepted");
    }

    void ticketIsNoRoomToken()
    {
        LobbyTicket t = sample();
        const std::string ticket = LobbyTicketIssuer(key).issue(t, 60);
        try
        {
            TokenIssuer(key, 600).verify(ticket);
            CPPUNIT_FAIL("a lobby ticket was accepted as a room token");
        }
        catch (const TokenError&)
        {
        }
        // Nor its payload and signature behind a JWT header.
        const std::string disguised = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + ticket.substr(7);
        try
        {
            TokenIssuer(key, 600).verify(disguised);
            CPPUNIT_FAIL("a disguised lobby ticket was accepted as a room token");
        }
        catch (const TokenError&)
        {
        }
    }

    void malformedInputIsRefused()
    {
        LobbyTicketIssuer issuer(key);
        const std::vector<std::string> bad = {"",
                                              "lobby1.",
                                              "lobby1..",
                                              "lobby1.e30.",
                                              "lobby1.e30.a.b",
                                              "lobby1.!!!.AAAA",
                                              std::string(5000, 'a')};
        for (const auto& text : bad)
            CPPUNIT_ASSERT(refusal(issuer, text) != "accepted");
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LobbyTicketIssuerTest);
