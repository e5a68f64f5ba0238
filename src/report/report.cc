// Placeholder: the report stage is being written.
namespace qt {}
