#include "mrpc.h"

#include <fstream>
#include <iostream>

bool ReadMrpc(const std::string& path, std::vector<MrpcPair>* pairs) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << path << ": cannot open\n";
    return false;
  }
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> f;
    std::size_t s = 0;
    for (;;) {
      std::size_t t = line.find('\t', s);
      f.push_back(line.substr(s, t == std::string::npos ? std::string::npos : t - s));
      if (t == std::string::npos) break;
      s = t + 1;
    }
    if (f.size() < 5 || (f[0] != "0" && f[0] != "1")) continue;
    pairs->push_back({f[0] == "1" ? 1 : 0, f[3], f[4]});
  }
  return true;
}
