// brobygger: the executable. Settings, wiring and commands are in app/.
#include "app/commands.hpp"

int main(int argc, char** argv) { return brobygger::app::run(argc, argv); }
