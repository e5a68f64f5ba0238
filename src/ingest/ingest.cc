// Placeholder: the ingest stage is being written.
namespace qt {}
