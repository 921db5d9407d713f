// Work split over the cores, one contiguous share of [0, n) per core. Internal to the layer.
#pragma once
#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace kgls::similarity_detail {

/// Runs body(begin, end) once per share of [0, n), on as many threads as there are cores,
/// but no more than one per `min_share` items (the caller's thread takes the first share).
template <class Body>
void in_shares(size_t n, size_t min_share, Body&& body) {
  const size_t threads = std::clamp<size_t>(n / std::max<size_t>(1, min_share), 1,
                                            std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back([&, t] { body(n * t / threads, n * (t + 1) / threads); });
  body(size_t{0}, n / threads);
  for (auto& th : pool) th.join();
}

}  // namespace kgls::similarity_detail
