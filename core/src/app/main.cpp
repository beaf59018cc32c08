#include <iostream>
#include "app/RolecallServer.h"

POCO_SERVER_MAIN(rolecall::RolecallServer)
