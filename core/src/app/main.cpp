#include "app/RolecallServer.h"
#include <iostream>

POCO_SERVER_MAIN(rolecall::RolecallServer)
