// Placeholder weights until tools/train_match writes this file.
#include "match/align.h"

namespace qt::match_internal {
namespace {
constexpr double kMean[kNumFeatures] = {};
constexpr double kScale[kNumFeatures] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                         1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
constexpr double kWeight[kNumFeatures] = {0, 0, 0, 0, 4};
const LinearModel kModel{kMean, kScale, kWeight, -2.0, 0.5};
}  // namespace
const LinearModel& TrainedModel() { return kModel; }
}  // namespace qt::match_internal
