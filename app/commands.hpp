#pragma once
// The command line: settings, then one command (serve, migrate, seed, user add, retention run, import, routes).

namespace brobygger::app {

// Parses the command line and runs its command. Exit status: 0 done; 1 the command failed (the reason
// on standard error); 2 a setting or the command line is wrong, before anything ran.
int run(int argc, char** argv);

}  // namespace brobygger::app
