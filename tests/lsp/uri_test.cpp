#include <gtest/gtest.h>

#include "lsp/protocol/uri.hpp"

namespace kgls::lsp {
namespace {

TEST(Uri, FileUriToPath) {
  EXPECT_EQ(uri_to_path("file:///home/a/b.kg"), "/home/a/b.kg");
  EXPECT_EQ(uri_to_path("file://localhost/home/a.kg"), "/home/a.kg");
  EXPECT_EQ(uri_to_path("file:///home/My%20Notes/%C3%A9t%C3%A9.kg"), "/home/My Notes/été.kg");
  EXPECT_EQ(uri_to_path("FILE:///x/./y/../z.kg"), "/x/z.kg");
  EXPECT_EQ(uri_to_path("file:///x/folder/"), "/x/folder");
  EXPECT_EQ(uri_to_path("file:///"), "/");
}

TEST(Uri, RejectsWhatIsNotALocalPath) {
  EXPECT_FALSE(uri_to_path("untitled:Untitled-1"));
  EXPECT_FALSE(uri_to_path("file://server/share/a.kg"));
  EXPECT_FALSE(uri_to_path("file:///a%2"));
  EXPECT_FALSE(uri_to_path("file:///a%zz"));
  EXPECT_FALSE(uri_to_path("file:///a%00b"));
}

TEST(Uri, PathToUriRoundTrips) {
  for (const char* path : {"/home/a/b.kg", "/home/My Notes/été.kg", "/a/#hash?.kg", "/a/100%.kg"}) {
    EXPECT_EQ(uri_to_path(path_to_uri(path)), path) << path;
  }
  EXPECT_EQ(path_to_uri("/a b/c.kg"), "file:///a%20b/c.kg");
}

TEST(Uri, DocumentKeys) {
  EXPECT_EQ(document_key("file:///a/b.kg"), "/a/b.kg");
  EXPECT_EQ(document_key("untitled:Untitled-1"), "untitled:Untitled-1");
  EXPECT_EQ(key_to_uri("/a/b.kg"), "file:///a/b.kg");
  EXPECT_EQ(key_to_uri("untitled:Untitled-1"), "untitled:Untitled-1");
}

}  // namespace
}  // namespace kgls::lsp
