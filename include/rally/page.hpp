#pragma once
// Everything a page header needs: include this first in every page.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "effect.hpp"
#include "element.hpp"
#include "form.hpp"
#include "html.hpp"
#include "policy.hpp"
#include "rendering.hpp"
#include "load.hpp"
#include "match.hpp"
#include "result.hpp"
#include "topic.hpp"
#include <rally/version.hpp>
