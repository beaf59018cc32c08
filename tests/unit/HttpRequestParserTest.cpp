#include "net/HttpRequestParser.h"
#include <cppunit/extensions/HelperMacros.h>

using namespace rolecall;
using Kind = HttpRequestParser::Result::Kind;

class HttpRequestParserTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(HttpRequestParserTest);
    CPPUNIT_TEST(parsesOnlyOnceTheHeadIsComplete);
    CPPUNIT_TEST(splitsPathAndQuery);
    CPPUNIT_TEST(reportsTheBodyLength);
    CPPUNIT_TEST(leadingEmptyLinesAreSkipped);
    CPPUNIT_TEST(refusesWhatCouldBeReadTwoWays);
    CPPUNIT_TEST(refusesMalformedRequestLines);
    CPPUNIT_TEST(capsTheHeadSize);
    CPPUNIT_TEST(keepAliveFollowsVersionAndConnection);
    CPPUNIT_TEST_SUITE_END();

public:
    static HttpRequestParser::Result parse(const std::string& text, Request& request,
                                           std::size_t max = 16384)
    {
        return HttpRequestParser(max).parse(text.data(), text.size(), request);
    }

    static HttpRequestParser::Result parse(const std::string& text)
    {
        Request request;
        return parse(text, request);
    }

    void parsesOnlyOnceTheHeadIsComplete()
    {
        const std::string full = "GET /guest HTTP/1.1\r\nHost: a\r\n\r\n";
        for (std::size_t n = 0; n < full.size(); ++n)
            CPPUNIT_ASSERT(parse(full.substr(0, n)).kind == Kind::Incomplete);
        Request request;
        const auto result = parse(full + "GET /next", request);
        CPPUNIT_ASSERT(result.kind == Kind::Complete);
        CPPUNIT_ASSERT_EQUAL(full.size(), result.headBytes);
        CPPUNIT_ASSERT_EQUAL(std::string("GET"), request.head.getMethod());
        CPPUNIT_ASSERT_EQUAL(std::string("a"), request.head.getHost());
    }

    void splitsPathAndQuery()
    {
        Request request;
        parse("GET /g%20x?room=R&user=A%20B HTTP/1.1\r\n\r\n", request);
        CPPUNIT_ASSERT_EQUAL(std::string("/g%20x"), request.path);
        CPPUNIT_ASSERT_EQUAL(std::string("room=R&user=A%20B"), request.query);
        CPPUNIT_ASSERT_EQUAL(std::string("/g%20x?room=R&user=A%20B"), request.head.getURI());
    }

    void reportsTheBodyLength()
    {
        const auto result = parse("GET / HTTP/1.1\r\nContent-Length: 25\r\n\r\n");
        CPPUNIT_ASSERT(result.kind == Kind::Complete);
        CPPUNIT_ASSERT_EQUAL(std::size_t(25), result.bodyBytes);
        // The same length twice is harmless.
        CPPUNIT_ASSERT_EQUAL(
            std::size_t(3),
            parse("GET / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n").bodyBytes);
    }

    void leadingEmptyLinesAreSkipped()
    {
        CPPUNIT_ASSERT(parse("\r\n\r\nGET / HTTP/1.1\r\n\r\n").kind == Kind::Complete);
    }

    void refusesWhatCouldBeReadTwoWays()
    {
        auto status = [](const std::string& text)
        {
            const auto result = parse(text);
            CPPUNIT_ASSERT(result.kind == Kind::Invalid);
            return result.status;
        };
        CPPUNIT_ASSERT_EQUAL(400, status("GET / HTTP/1.1\r\nContent-Length: 3\r\n"
                                         "Content-Length: 4\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(400, status("GET / HTTP/1.1\r\nContent-Length: +3\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(400, status("GET / HTTP/1.1\r\nContent-Length: 3, 3\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(501, status("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(400, status("GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(400, status("GET / HTTP/1.1\r\nHost : a\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(400, status("GET / HTTP/1.1\r\nHost: a\x01b\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(400, status("GET / HTTP/1.1\r\nno colon\r\n\r\n"));
    }

    void refusesMalformedRequestLines()
    {
        auto status = [](const std::string& text) { return parse(text).status; };
        CPPUNIT_ASSERT_EQUAL(400, status("GET  / HTTP/1.1\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(400, status("GET / x HTTP/1.1\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(400, status("GET http://evil/ HTTP/1.1\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(400, status("G(T / HTTP/1.1\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(400, status("GET /\x7f HTTP/1.1\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(505, status("GET / HTTP/2.0\r\n\r\n"));
        CPPUNIT_ASSERT_EQUAL(400, status("GET /\r\n\r\n"));
    }

    void capsTheHeadSize()
    {
        Request request;
        const std::string big = "GET / HTTP/1.1\r\nX: " + std::string(2000, 'a');
        CPPUNIT_ASSERT_EQUAL(431, parse(big, request, 1024).status);
        CPPUNIT_ASSERT_EQUAL(431, parse(big + "\r\n\r\n", request, 1024).status);
        std::string many = "GET / HTTP/1.1\r\n";
        for (int i = 0; i < 101; ++i)
            many += "X" + std::to_string(i) + ": y\r\n";
        CPPUNIT_ASSERT_EQUAL(431, parse(many + "\r\n").status);
    }

    void keepAliveFollowsVersionAndConnection()
    {
        Request a, b, c;
        parse("GET / HTTP/1.1\r\n\r\n", a);
        parse("GET / HTTP/1.1\r\nConnection: close\r\n\r\n", b);
        parse("GET / HTTP/1.0\r\n\r\n", c);
        CPPUNIT_ASSERT(a.head.getKeepAlive());
        CPPUNIT_ASSERT(!b.head.getKeepAlive());
        CPPUNIT_ASSERT(!c.head.getKeepAlive());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HttpRequestParserTest);
