#include "support/TokenClaims.h"
#include "support/TestConfig.h"
#include "tokens/TokenIssuer.h"
#include <cppunit/TestAssert.h>

rolecall::RoomGrant checkTokenClaims(const std::string& token, const ExpectedClaims& expected)
{
    CPPUNIT_ASSERT_MESSAGE("no token", !token.empty());
    const rolecall::RoomGrant grant = rolecall::TokenIssuer(testSigningKey(), 600).verify(token);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the token's room", expected.room, grant.room);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the token's user", expected.user, grant.user);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the token's role", expected.role, grant.role);
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the token's permissions", commaList(expected.permissions),
                                 commaList(grant.permissions));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the token's lifetime (tokens.ttl)",
                                 Poco::Timestamp::TimeDiff(600) * 1000000,
                                 grant.expiresAt - grant.issuedAt);
    return grant;
}

std::string commaList(const std::vector<std::string>& items)
{
    std::string out;
    for (const auto& item : items)
        out += (out.empty() ? "" : ",") + item;
    return out;
}

std::string commaList(const Poco::JSON::Array::Ptr& array)
{
    CPPUNIT_ASSERT_MESSAGE("no such array", array);
    std::vector<std::string> items;
    for (std::size_t i = 0; i < array->size(); ++i)
        items.push_back(array->getElement<std::string>(i));
    return commaList(items);
}
