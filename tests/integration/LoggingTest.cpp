// Where the log goes: stderr by default (the journal under systemd), or
// server.log_file.
#include "support/ConfiguredServer.h"
#include "support/Http.h"
#include "support/TempDir.h"
#include <cppunit/extensions/HelperMacros.h>
#include <fstream>

class LoggingTest : public CppUnit::TestFixture
{
    CPPUNIT_TEST_SUITE(LoggingTest);
    CPPUNIT_TEST(logGoesToStderrByDefault);
    CPPUNIT_TEST(logFileTakesTheLog);
    CPPUNIT_TEST(unwritableLogFolderIsRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void logGoesToStderrByDefault()
    {
        ConfiguredServer server;
        CPPUNIT_ASSERT(server.process().err().find("rolecall listening") != std::string::npos);
    }

    void logFileTakesTheLog()
    {
        TempDir dir;
        const std::string file = dir.file("rolecall.log");
        ConfiguredServer server("", "log_file = " + file + "\n");
        std::ifstream in(file);
        const std::string text((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
        CPPUNIT_ASSERT_MESSAGE(text, text.find("rolecall listening") != std::string::npos);
        CPPUNIT_ASSERT(server.process().err().find("rolecall listening") == std::string::npos);
    }

    void unwritableLogFolderIsRefused()
    {
        const std::string why =
            ConfiguredServer::refusal("", "log_file = /nonexistent-folder/rolecall.log\n");
        CPPUNIT_ASSERT_MESSAGE(why, why.find("log_file") != std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(why, why.find(".ini:") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LoggingTest);
