// Helpers for the robustness, crash and concurrency tests: run the built
// binary (QT_BINARY) with posix_spawn, stdout/stderr captured to files, with
// a watchdog so that a hang fails the test instead of blocking ctest; temp
// folders; and direct sqlite3 queries on a store file.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace qt_test {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& tag) {
    static std::atomic<int> counter{0};
    path = fs::temp_directory_path() /
           ("qt_" + tag + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

inline std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

inline void WriteFile(const fs::path& p, const std::string& body) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << body;
  if (!out) throw std::runtime_error("cannot write " + p.string());
}

inline std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

// A child process started with posix_spawn in folder `cwd`; stdin is
// /dev/null, stdout and stderr go to files in `cwd`.
class Child {
 public:
  Child(const std::vector<std::string>& args, const fs::path& cwd, const std::string& tag) {
    static std::atomic<int> counter{0};
    const std::string base = ".proc_" + tag + "_" + std::to_string(counter++);
    out_path_ = cwd / (base + ".out");
    err_path_ = cwd / (base + ".err");
    std::vector<std::string> argv_s;
    argv_s.push_back(QT_BINARY);
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addopen(&fa, 2, err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
    int rc = posix_spawn(&pid_, argv_s[0].c_str(), &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) throw std::runtime_error("posix_spawn failed for " + argv_s[0]);
  }
  ~Child() {
    if (pid_ > 0 && !done_) {
      ::kill(pid_, SIGKILL);
      int st = 0;
      ::waitpid(pid_, &st, 0);
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }
  bool Running() {
    if (done_) return false;
    int st = 0;
    pid_t r = ::waitpid(pid_, &st, WNOHANG);
    if (r == pid_) {
      Finish(st);
      return false;
    }
    return true;
  }
  // Waits at most `seconds`; on expiry kills the child and sets timed_out.
  void Wait(int seconds) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (Running()) {
      if (std::chrono::steady_clock::now() > deadline) {
        timed_out = true;
        Kill(SIGKILL);
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  void Kill(int sig) {
    if (done_) return;
    ::kill(pid_, sig);
    int st = 0;
    ::waitpid(pid_, &st, 0);
    Finish(st);
  }

  int exit_code = -1;  // -1 if killed by a signal
  int term_signal = 0;
  bool timed_out = false;
  std::string out() const { return ReadFile(out_path_); }
  std::string err() const { return ReadFile(err_path_); }

 private:
  void Finish(int st) {
    done_ = true;
    if (WIFEXITED(st)) exit_code = WEXITSTATUS(st);
    if (WIFSIGNALED(st)) term_signal = WTERMSIG(st);
  }
  pid_t pid_ = -1;
  bool done_ = false;
  fs::path out_path_, err_path_;
};

struct Result {
  int exit_code = -1;
  int term_signal = 0;
  bool timed_out = false;
  std::string out, err;
};

// Runs the binary to completion (the watchdog turns a hang into a failure).
inline Result Run(const std::vector<std::string>& args, const fs::path& cwd,
                  int timeout_seconds = 600) {
  Child c(args, cwd, "run");
  c.Wait(timeout_seconds);
  return Result{c.exit_code, c.term_signal, c.timed_out, c.out(), c.err()};
}

// A sqlite3 connection to an existing store file for checks: no migrations,
// and the tests only read through it (read-write so that it can recover the
// WAL after a killed writer).
class Db {
 public:
  explicit Db(const fs::path& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      db_ = nullptr;
      throw std::runtime_error(path.string() + ": " + msg);
    }
    sqlite3_busy_timeout(db_, 10000);
  }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Rows of a query as strings (NULL -> ""); `params` bound as text.
  std::vector<std::vector<std::string>> Query(const std::string& sql,
                                              const std::vector<std::string>& params = {}) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      throw std::runtime_error(std::string("prepare: ") + sqlite3_errmsg(db_) + ": " + sql);
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      sqlite3_bind_text(st, static_cast<int>(i + 1), params[i].c_str(), -1, SQLITE_TRANSIENT);
    }
    std::vector<std::vector<std::string>> rows;
    int rc = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        const unsigned char* v = sqlite3_column_text(st, c);
        row.emplace_back(v ? reinterpret_cast<const char*>(v) : "");
      }
      rows.push_back(std::move(row));
    }
    std::string err = rc == SQLITE_DONE ? "" : sqlite3_errmsg(db_);
    sqlite3_finalize(st);
    if (!err.empty()) throw std::runtime_error("step: " + err + ": " + sql);
    return rows;
  }
  std::int64_t Count(const std::string& sql, const std::vector<std::string>& params = {}) {
    auto rows = Query(sql, params);
    return rows.empty() || rows[0].empty() ? 0 : std::stoll(rows[0][0]);
  }

 private:
  sqlite3* db_ = nullptr;
};

// Writes `n` small, distinct news articles (two direct quotes and one piece
// of reported speech each, invented people and places) as
// `dir`/<prefix>NNNN.txt; returns their paths relative to `dir`'s parent.
inline std::vector<std::string> WriteCorpus(const fs::path& dir, int n,
                                            const std::string& prefix = "a") {
  static const char* const kPeople[] = {"Marta Kowal", "Paul Lindqvist", "Ines Sato",
                                        "Tomas Reyes", "Amara Okafor", "Jon Halvorsen",
                                        "Leila Nasser", "Victor Brandt"};
  static const char* const kRoles[] = {"Mayor", "Transport Minister", "chief engineer",
                                       "council spokeswoman", "Finance Minister",
                                       "harbour master", "union leader", "police chief"};
  static const char* const kOutlets[] = {"Valley Courier", "Harbour Herald", "Coast Wire",
                                         "River Gazette"};
  static const char* const kThings[] = {"the bridge", "the ferry line", "the water plant",
                                        "the tram depot", "the grain silo", "the school"};
  static const char* const kVerbs[] = {"reopen", "repair", "close", "sell", "rebuild",
                                       "inspect"};
  fs::create_directories(dir);
  std::vector<std::string> paths;
  for (int i = 0; i < n; ++i) {
    const std::string who = kPeople[i % 8];
    const std::string role = kRoles[(i / 8) % 8];
    const std::string thing = kThings[i % 6];
    const std::string verb = kVerbs[(i / 6) % 6];
    const std::string day = std::to_string(1 + i % 28);
    std::ostringstream a;
    a << "Plans for " << thing << " change again (" << i << ")\n"
      << "Outlet: " << kOutlets[i % 4] << "\n"
      << "Published: 2024-03-" << (day.size() == 1 ? "0" : "") << day << "\n\n"
      << "Officials met on Monday to discuss " << thing << " in district " << i << ". "
      << "\xE2\x80\x9CWe will " << verb << " " << thing << " before winter " << i
      << " comes,\xE2\x80\x9D " << role << " " << who << " said. "
      << "\xE2\x80\x9CThe budget for item " << i << " is already approved,\xE2\x80\x9D "
      << who.substr(who.find(' ') + 1) << " added.\n\n"
      << "Residents said that the work on " << thing << " had taken " << (i % 9 + 2)
      << " years too long.\n";
    char name[32];
    std::snprintf(name, sizeof name, "%s%04d.txt", prefix.c_str(), i);
    WriteFile(dir / name, a.str());
    paths.push_back((dir.filename() / name).string());
  }
  return paths;
}

// Whether the sanitizer build runs the tests (scripts/sanitize.sh sets it):
// the big-input tests then use smaller inputs, as ASan is ~10x slower.
inline bool Sanitized() { return std::getenv("QT_SANITIZED") != nullptr; }

}  // namespace qt_test
