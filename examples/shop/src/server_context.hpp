#pragma once
// Per WebSocket connection (and per SSR request for load()). The shop keeps its data in the pages'
// .cpp files; a real app would hold its database handle here.
struct ServerContext {};
