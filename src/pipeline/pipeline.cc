// Placeholder: the pipeline stage is being written.
namespace qt {}
