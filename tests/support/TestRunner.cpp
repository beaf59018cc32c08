// Runs the CppUnit suite named on the command line (or all registered
// suites), so CTest can list each suite as its own test.
#include <cppunit/CompilerOutputter.h>
#include <cppunit/Test.h>
#include <cppunit/TestResult.h>
#include <cppunit/TestResultCollector.h>
#include <cppunit/TextTestProgressListener.h>
#include <cppunit/extensions/TestFactoryRegistry.h>
#include <iostream>
#include <memory>

int main(int argc, char** argv)
{
    // The registry hands over the whole tree; it is freed here, so that a
    // leak check (ROLECALL_SANITIZE) reports only what the tests leak.
    const std::unique_ptr<CppUnit::Test> all(
        CppUnit::TestFactoryRegistry::getRegistry().makeTest());
    CppUnit::Test* selected = all.get();
    if (argc > 1)
    {
        try
        {
            selected = all->findTest(argv[1]);
        }
        catch (const std::invalid_argument&)
        {
            std::cerr << "no test suite named " << argv[1] << "\n";
            return 2;
        }
    }
    CppUnit::TestResult controller;
    CppUnit::TestResultCollector result;
    controller.addListener(&result);
    CppUnit::TextTestProgressListener progress;
    controller.addListener(&progress);
    selected->run(&controller);
    CppUnit::CompilerOutputter(&result, std::cerr).write();
    std::cout << "\n"
              << result.runTests() - result.testFailuresTotal() << " passed, "
              << result.testFailuresTotal() << " failed" << std::endl;
    return result.wasSuccessful() && result.runTests() > 0 ? 0 : 1;
}
