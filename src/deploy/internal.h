// deploy's private header: what its targets share.
#pragma once

#include <string>
#include <vector>

#include "deploy/deploy.h"

namespace kmsite::deploy {

// Runs `args` (args[0] looked up on PATH) without a shell: a target is one
// argument, whatever characters it holds. With `output`, its standard output
// is read into it; standard error stays the user's. `environment` ("NAME=value"
// entries) replaces kmsite's own when given. `package` names the Debian
// package to install when the program is missing (EnvironmentError). Returns
// the exit status (128 + signal when killed).
int run_program(const std::vector<std::string>& args, const char* package, std::string* output,
                const std::vector<std::string>* environment = nullptr);

// Throws Refused when `removing` files is more than --max-deletes allows
// (`where` names the target); called before anything is changed.
void refuse_deletes(std::size_t removing, const Options& options, const std::string& where);

// A publish's plan, one line per file: '+' added, '~' changed, '-' removed.
using Plan = std::vector<std::pair<char, std::string>>;
// Sorts the plan by path and, for --dry-run, prints it; true when it was a
// dry run (the caller changes nothing and returns).
bool dry_run_listed(Plan& lines, const Options& options);

}  // namespace kmsite::deploy
