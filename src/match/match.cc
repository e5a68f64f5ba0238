// Placeholder: the match stage is being written.
namespace qt {}
