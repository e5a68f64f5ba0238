// Placeholder: the normalise stage is being written.
namespace qt {}
