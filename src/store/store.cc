// Placeholder: the store stage is being written.
namespace qt {}
