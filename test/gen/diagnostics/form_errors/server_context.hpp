#pragma once
#include <cstdint>
#include <map>
struct ServerContext {};
