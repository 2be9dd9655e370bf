#include "server/app.h"

int main(int argc, char** argv) { return nimbus::server::Main(argc, argv); }
