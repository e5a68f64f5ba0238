// Reader for the MRPC file format (header line; Quality, #1 ID, #2 ID,
// #1 String, #2 String, tab-separated).
#pragma once

#include <string>
#include <vector>

struct MrpcPair {
  int label = 0;
  std::string a, b;
};

// Reads `path`; returns false (with a message on stderr) if it cannot.
bool ReadMrpc(const std::string& path, std::vector<MrpcPair>* pairs);
