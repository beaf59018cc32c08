#ifndef rolecall_test_SharedServerFixture_INCLUDED
#define rolecall_test_SharedServerFixture_INCLUDED

#include "support/Http.h"
#include "support/ServerProcess.h"
#include "support/TempDir.h"
#include "support/TestConfig.h"
#include <cppunit/Test.h>
#include <cppunit/TestFixture.h>
#include <memory>

/// A fixture whose tests share one server, for suites whose tests only read
/// from it. CppUnit constructs a fixture per test, so the server lives in
/// static state: started before the suite's first test, stopped after its
/// last. Starting one server per suite, not per test, keeps suites fast.
///
/// Use as `class MyTest : public SharedServerFixture<MyTest>`. The server runs
/// `Suite::serverConfig(dir)`: by default testConfig() with
/// standardRoles(); a suite may declare its own public static serverConfig,
/// which may also put files into `dir` first. Its port is 0: the server
/// takes a free one and logs it, and port() is that one.
template <class Suite> class SharedServerFixture : public CppUnit::TestFixture
{
public:
    void setUp() override
    {
        if (_shared)
            return;
        _shared = std::make_unique<Shared>();
        _testsLeft = std::unique_ptr<CppUnit::Test>(Suite::suite())->countTestCases();
    }

    void tearDown() override
    {
        if (_shared && --_testsLeft == 0)
            _shared.reset();
    }

protected:
    static std::string serverConfig(const TempDir& dir)
    {
        return testConfig(0, dir.file("state"), standardRoles());
    }

    static unsigned short port() { return _shared->server.port(); }
    /// The server's folder (its config is rolecall.ini in it).
    static const TempDir& dir() { return _shared->dir; }

    static HttpReply get(const std::string& target,
                         const std::map<std::string, std::string>& headers = {})
    {
        return httpGet(port(), target, headers);
    }

private:
    struct Shared
    {
        TempDir dir;
        ServerProcess server{dir.write("rolecall.ini", Suite::serverConfig(dir))};
    };
    inline static std::unique_ptr<Shared> _shared;
    inline static int _testsLeft = 0;
};

#endif
