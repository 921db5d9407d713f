#include "lsp/language/hub_cards.hpp"

#include <boost/asio/post.hpp>
#include <chrono>

#include "kgls/support/clock.hpp"
#include "lsp/language/background.hpp"

namespace kgls::lang {

HubCards::HubCards(lsp::Logger& log) : log_(log), timer_(cards_.get_executor()) {
  run_at_low_priority(cards_);
}

HubCards::~HubCards() { stop(); }

void HubCards::request_stop() {
  std::lock_guard lock(mutex_);
  stopped_ = true;
  timer_.cancel();
  cards_.stop();
}

void HubCards::stop() {
  request_stop();
  cards_.join();
}

void HubCards::wait_idle() {
  boost::asio::post(cards_, [this] { gather_now(); });
  drain(cards_);
}

void HubCards::on_snapshot(std::shared_ptr<const Snapshot> snapshot) {
  if (snapshot->scanning) return;
  std::lock_guard lock(mutex_);
  if (stopped_) return;
  wanted_ = std::move(snapshot);
  timer_.expires_after(kQuietDelay);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) gather_now();
  });
}

void HubCards::gather_now() {
  std::shared_ptr<const Snapshot> next;
  {
    std::lock_guard l(mutex_);
    next = std::move(wanted_);
  }
  if (next) gather(*next);
}

void HubCards::gather(const Snapshot& snapshot) {
  const auto started = std::chrono::steady_clock::now();
  auto hubs = std::make_shared<Gathered>();
  hubs->revision = snapshot.workspace.revision();
  hubs->per_group = MarkdownOptions{}.max_per_group;  // As hover asks.
  {
    std::lock_guard lock(mutex_);
    if (latest_ && latest_->revision == hubs->revision) return;
  }
  for (const EntityRef& ref : snapshot.workspace.entities()) {
    const std::string& id = ref.entity->id;
    if (hubs->cards.count(id) || snapshot.workspace.about(id).edge_count < kHubEdges) continue;
    if (auto card = card_data(WorkspaceGraph(snapshot.workspace), id, hubs->per_group))
      hubs->cards.emplace(id, std::move(*card));
  }
  log_.debug("hub cards: " + std::to_string(hubs->cards.size()) + " gathered in " +
             std::to_string(whole_milliseconds_since(started)) + " ms");
  std::lock_guard lock(mutex_);
  latest_ = std::move(hubs);
}

std::optional<CardData> HubCards::find(const Snapshot& snapshot, const std::string& id, size_t per_group) {
  std::shared_ptr<const Gathered> hubs;
  {
    std::lock_guard lock(mutex_);
    hubs = latest_;
  }
  if (hubs && hubs->revision == snapshot.workspace.revision() && hubs->per_group == per_group) {
    if (auto it = hubs->cards.find(id); it != hubs->cards.end()) return it->second;
  }
  return std::nullopt;
}

}  // namespace kgls::lang
