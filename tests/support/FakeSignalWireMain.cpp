// The fake SignalWire API as a process of its own, for the browser tests:
//   fake_signalwire FOLDER PROJECT_ID API_TOKEN
// makes a test CA in FOLDER, serves on a free loopback port, prints
// "port=<n> ca=<file>" and runs until stdin closes.
#include "support/FakeSignalWire.h"
#include "support/TestCa.h"
#include <iostream>

int main(int argc, char** argv)
{
    if (argc != 4)
    {
        std::cerr << "usage: fake_signalwire FOLDER PROJECT_ID API_TOKEN\n";
        return 2;
    }
    TestCa ca(argv[1]);
    FakeSignalWire fake(ca, argv[2], argv[3]);
    std::cout << "port=" << fake.port() << " ca=" << ca.caFile() << std::endl;
    std::string ignored;
    while (std::getline(std::cin, ignored))
    {
    }
    return 0;
}
