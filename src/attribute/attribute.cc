// Placeholder: the attribute stage is being written.
namespace qt {}
