#pragma once
// Generated code checks these so that a generator and a runtime from different releases never mix.
#define RALLY_VERSION_STRING "0.1.0"
// Bump whenever generated code relies on a changed runtime interface.
#define RALLY_ABI_VERSION 1
