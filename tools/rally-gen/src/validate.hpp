#pragma once
#include "diagnostics.hpp"
#include "model.hpp"

namespace rally::gen {

// Checks the page contract (DESIGN §1) on the model alone; every problem becomes a diagnostic.
void validate(const AppModel& model, Diagnostics& diags);

}  // namespace rally::gen
