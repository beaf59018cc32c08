// Runs the CppUnit suite named on the command line (or all registered
// suites), so CTest can list each suite as its own test.
#include <cppunit/CompilerOutputter.h>
#include <cppunit/TestResult.h>
#include <cppunit/TestResultCollector.h>
#include <cppunit/TestRunner.h>
#include <cppunit/TextTestProgressListener.h>
#include <cppunit/extensions/TestFactoryRegistry.h>
#include <iostream>

int main(int argc, char** argv)
{
    CppUnit::Test* all = CppUnit::TestFactoryRegistry::getRegistry().makeTest();
    CppUnit::Test* selected = all;
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
    CppUnit::TestRunner runner;
    runner.addTest(selected);
    runner.run(controller);
    CppUnit::CompilerOutputter(&result, std::cerr).write();
    std::cout << "\n"
              << result.runTests() - result.testFailuresTotal() << " passed, "
              << result.testFailuresTotal() << " failed" << std::endl;
    return result.wasSuccessful() && result.runTests() > 0 ? 0 : 1;
}
