#include "support/Eventually.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/Path.h"
#include "Poco/StreamCopier.h"
#include "Poco/Thread.h"
#include "Poco/Timestamp.h"
#include <cppunit/TestAssert.h>

void waitFor(const std::string& what, const std::function<bool()>& check, int ms)
{
    Poco::Timestamp start;
    while (start.elapsed() < static_cast<Poco::Timestamp::TimeDiff>(ms) * 1000)
    {
        if (check())
            return;
        Poco::Thread::sleep(50);
    }
    if (!check())
        CPPUNIT_FAIL("timed out waiting for " + what);
}

void copyOver(const std::string& from, const std::string& to)
{
    Poco::File(Poco::Path(to).parent()).createDirectories();
    Poco::FileInputStream in(from);
    Poco::FileOutputStream out(to, std::ios::out | std::ios::trunc | std::ios::binary);
    Poco::StreamCopier::copyStream(in, out);
}
