#pragma once
// Who may see a page: declared in the page header, read by rally-gen, enforced by the server.
//
//   inline constexpr rally::Policy policy = rally::Policy::signed_in;
//   bool authorize(ServerContext& ctx);  // optional: roles; implies signed_in
//
// See docs/sessions-and-auth.md.
namespace rally {

enum class Policy {
  everyone,   // the default: no `policy` in the header
  signed_in,  // a signed-out GET is redirected to the namespace's sign-in page, with ?next=
};

}  // namespace rally
