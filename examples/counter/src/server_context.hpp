#pragma once
// What every server handler of the counter app receives. The counter needs nothing yet; real apps
// keep their database handle, session and identity here.
struct ServerContext {};
