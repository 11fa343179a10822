#pragma once
// The generator's model: plain structs, no libclang types. Parsing fills it, validation reads it,
// emission turns it into files. Every element carries where it came from.
#include <cstdint>
#include <string>
#include <vector>

#include <rally/version.hpp>

namespace rally::gen {

// The ABI of the code we emit (generated files check RALLY_ABI_VERSION against it) and our
// version: both from the header CMake makes from Rally's project version.
inline constexpr int generated_abi_version = RALLY_ABI_VERSION;
inline constexpr const char* generator_version = RALLY_VERSION_STRING;

struct Location {
  std::string file;  // absolute
  unsigned line = 0;
  unsigned col = 0;
};

// A type as written by the author, normalized (std::int64_t stays std::int64_t; aliases resolved).
enum class TypeKind { integer, floating, boolean, string, vector, optional, map, variant, result, enumeration, structure, unsupported };

struct TypeRef {
  TypeKind kind = TypeKind::unsupported;
  std::string name;            // integer: spelling; enum/struct: qualified name; unsupported: clang's spelling
  std::vector<TypeRef> args;   // vector/optional: 1, map: key + value, variant: n, result: T + E
  std::string why;             // unsupported: an optional reason
};

// The C++ spelling used both in generated code and in canonical descriptions (deterministic).
std::string spell(const TypeRef& t);

struct Field {
  std::string name;
  TypeRef type;
  Location loc;
  bool assignable = true;  // false: const or a bit-field, which a decode cannot write into
};

struct WireStruct {
  std::string name;        // qualified, e.g. web::pages::home_::Model
  std::string short_name;  // Model
  std::vector<Field> fields;
  std::string flaw;        // why it cannot cross the wire (base class, private field), or empty
  Location loc;
  // Reached only from a page's Msg: it gets codecs (for the dev inspector) but never crosses the
  // wire, so it is not part of the contract.
  bool client_only = false;
};

struct Enumerator {
  std::string name;
  std::string value;  // decimal
};

struct WireEnum {
  std::string name;
  std::string underlying;
  std::vector<Enumerator> enumerators;
  Location loc;
  bool client_only = false;  // as WireStruct::client_only
};

// A parameter or return type as the validator needs to see it, without libclang.
struct SigType {
  std::string spelled;    // as written, for messages
  enum class Ref { value, const_lvalue, lvalue, other } ref = Ref::value;
  std::string canonical;  // canonical spelling of the referenced type (identity inside one parse)
  std::string decl;       // qualified name of the record or class template ("rally::Update"), else ""
  bool is_record = false;
  std::vector<std::string> args;  // canonical spellings of the template arguments, if any
  std::string normalized;         // spell() of the type when it is wire-shaped, else ""
};

struct Param {
  std::string name;
  SigType type;
  Location loc;
};

struct Function {
  bool present = false;
  std::string name;
  SigType result;
  std::vector<Param> params;
  Location loc;
};

struct Handler {
  std::string name;           // increment
  std::string function;       // server_increment
  Function fn;
  std::string expected_request;  // ServerIncrement
  std::string request_type;      // qualified name of the first parameter's struct, if a struct
  TypeRef request;               // the request as a wire type (a structure), when well-formed
  TypeRef result;                // rally::Result<T, E>, when well-formed
  std::string canonical;         // what the id hashes
  std::uint64_t id = 0;
  std::string id_hex;
  std::string id_name;           // C++ constant name in namespace rally_generated
};

// A server_form_<name> handler: POSTed fields decoded into its first parameter's struct by name.
struct Form {
  std::string name;      // sign_in
  std::string function;  // server_form_sign_in
  Function fn;
  TypeRef type;          // the form struct (a structure), when the first parameter is a const& to one
};

// A topic: a struct with a nested `using Message = ...;`, found in any header rally-gen reads.
struct Topic {
  std::string name;       // qualified, e.g. web::Room
  TypeRef key;            // the struct itself (its fields are the key)
  TypeRef message;        // what is published to it
  Function authorize;     // optional: static bool authorize(const Topic&, ServerContext&)
  bool authorize_static = false;
  Location loc;
  std::string canonical;  // what the id hashes
  std::uint64_t id = 0;
  std::string id_hex;
};

// A background job type (rally/server/jobs.hpp): a struct with `static void perform(const T&,
// ServerContext&)`, found in any header rally-gen reads. Its fields are the job's arguments.
struct JobType {
  std::string name;       // qualified, e.g. web::PostDigest: its name in rally_jobs.type
  TypeRef type;
  Function perform;
  bool perform_static = false;
  Location loc;
};

// A server message a page takes: `Msg from_server(T)` with T a struct (rally/server/send.hpp).
struct Receiver {
  Function fn;
  std::string type_name;  // qualified name of T, when the parameter is a struct by value or const&
  TypeRef type;
};

// A type some page takes from the server; its id names it on the wire.
struct ServerMessage {
  std::string name;       // qualified
  TypeRef type;
  Location loc;
  std::string canonical;  // what the id hashes
  std::uint64_t id = 0;
  std::string id_hex;
};

struct Segment {
  std::string text;     // file/folder name without the dynamic underscore
  bool dynamic = false;
  bool is_int = false;  // dynamic only: id / *_id
};

struct Route {
  std::string pattern;  // /products/:id
  std::string variant;  // ProductsId
  std::vector<Segment> segments;  // below the namespace root
};

struct Page {
  std::string file;        // absolute
  std::string include;     // how generated code includes it
  std::string path;        // products/id_
  std::string name_space;  // web
  std::string cpp_namespace;  // web::pages::products::id_
  bool namespace_found = false;
  Location loc;            // the page's namespace declaration (file:1:1 if there is none)
  bool is_not_found = false;  // not_found_.hpp
  Route route;
  bool interactive = false;
  TypeRef model;           // interactive pages: the Model as a wire type
  Location model_loc;
  std::string model_canonical;
  bool has_msg = false;
  std::string msg_canonical;
  // The compile-time event check: Msg's alternatives that are structs of the page's own namespace
  // (short names), which the page's units declare ahead of its header. msg_check is false when one
  // of the namespace's alternatives cannot be declared ahead (an enum, a template specialization,
  // a nested class); the check is then off for the page and the render-time check stays.
  std::vector<std::string> msg_structs;
  bool msg_check = false;
  // The dev inspector (development client builds) logs every Msg and records a tab's messages for
  // a replay test: Msg as a wire type when all of it can be encoded (its structs then get codecs),
  // else why not (the page's messages are then logged by alternative only, and not recordable).
  bool msg_recordable = false;
  TypeRef msg;
  std::string msg_unrecordable;
  Function init, update, view;
  Function load;   // optional: load(<route params>..., [const rally::Query&,] ServerContext&)
  Function title;  // optional: std::string title(const Model&), or title() on a static page
  // Optional access rules (rally/policy.hpp): `rally::Policy policy` and bool authorize(ServerContext&).
  bool has_policy = false;
  std::string policy_type;      // canonical, const stripped
  bool policy_signed_in = true;  // its value, when clang can evaluate it (else assumed protected)
  Location policy_loc;
  // Optional `rally::Rendering rendering` (rally/rendering.hpp): every_request turns off rendering
  // once a page whose HTML cannot depend on the request.
  bool has_rendering = false;
  std::string rendering_type;  // canonical, const stripped
  bool rendering_every_request = false;
  Location rendering_loc;
  Function authorize;
  Function subscriptions;  // optional: std::vector<rally::Subscription> subscriptions([const ClientContext&,] const Model&)
  std::vector<Handler> handlers;
  std::vector<Form> forms;
  std::vector<Receiver> receivers;  // from_server overloads
  // The load handler (pages with load()): FNV-1a 64 of
  // "<ns>/<page>/load{<param types>,rally::Query}->rally::Load<Model>".
  std::string load_canonical;
  std::uint64_t load_id = 0;
  std::string load_id_hex;
  std::string load_id_name;
};

struct Namespace {
  std::string name;
  std::string root;       // "/" or "/admin"
  std::string pages_dir;  // absolute
  // Optional <pages dir>/../layout.hpp, namespace <ns>::layout: view(rally::Node) and head().
  std::string layout_file;  // absolute, empty when there is none
  std::string layout_include;
  bool layout_namespace_found = false;
  Location layout_loc;
  Function layout_view, layout_head;
  // Optional <pages dir>/../client_context.hpp, namespace <ns>: struct ClientContext and
  // ClientContext make_client_context(ServerContext&). Built per request on the server, embedded
  // for hydration, kept by the client across navigations.
  std::string context_file;  // absolute, empty when there is none
  std::string context_include;
  Location context_loc;      // the struct, or the file (1:1) when it is missing
  bool has_context = false;  // the struct ClientContext was found
  std::string context_canonical;
  Function make_context;
};

// Where a wire type is used from, so validation can name the path to a bad field.
struct WireRoot {
  std::string path;  // Model, ServerSave, server_save result
  TypeRef type;
  Location loc;
};

struct AppModel {
  std::string app;
  std::vector<Namespace> namespaces;
  std::vector<Page> pages;
  std::vector<WireStruct> structs;  // sorted by name
  std::vector<WireEnum> enums;      // sorted by name
  std::vector<WireRoot> roots;
  std::vector<Topic> topics;  // sorted by name
  std::vector<ServerMessage> server_messages;  // the types of every page's from_server, sorted by name
  std::vector<JobType> jobs;  // sorted by name
  bool has_server_context = false;
  bool server_context_default_constructible = false;
  Location server_context_loc;
  std::string server_context_include;  // how generated code includes the file declaring it
  // Optional `ServerContext make_server_context(const rally::Request&)` beside it: how each
  // request's and WebSocket's context is made (default: ServerContext{}).
  Function make_server_context;
  std::vector<std::string> inputs;      // every file clang read (for the depfile)
  std::vector<std::string> include_dirs;
  std::uint64_t contract = 0;
  std::string contract_hex;
};

const WireStruct* find_struct(const AppModel& m, const std::string& name);
const WireEnum* find_enum(const AppModel& m, const std::string& name);

}  // namespace rally::gen
