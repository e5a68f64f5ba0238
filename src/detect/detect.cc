// Placeholder: the detect stage is being written.
namespace qt {}
