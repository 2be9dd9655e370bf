#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/clock.h"
#include "core/service.h"
#include "services/runtime.h"
#include "services/ssm/document_store.h"
#include "services/ssm/tag_store.h"

namespace nimbus::ssm {

// SSM documents: the caller's own (versions, default version, sharing with other accounts), the
// ones other accounts share with it, and a small read-only table of AWS-owned documents
// (document_catalog.h). Content is checked against its DocumentType and converted between JSON
// and YAML on request (document_content.h). Document tags go through the tagging operations of
// the parameter provider (resource type Document).
class DocumentProvider final : public core::Service {
 public:
  explicit DocumentProvider(Runtime& rt);
  std::string_view Name() const override { return "ssm"; }

  boost::json::value CreateDocument(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value GetDocument(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value DescribeDocument(const core::RequestContext& ctx,
                                      const boost::json::object& in);
  boost::json::value UpdateDocument(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value UpdateDocumentDefaultVersion(const core::RequestContext& ctx,
                                                  const boost::json::object& in);
  boost::json::value DeleteDocument(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListDocuments(const core::RequestContext& ctx, const boost::json::object& in);
  boost::json::value ListDocumentVersions(const core::RequestContext& ctx,
                                          const boost::json::object& in);
  boost::json::value DescribeDocumentPermission(const core::RequestContext& ctx,
                                                const boost::json::object& in);
  boost::json::value ModifyDocumentPermission(const core::RequestContext& ctx,
                                              const boost::json::object& in);

 private:
  DocumentStore documents_;
  TagStore tags_;
};

}  // namespace nimbus::ssm
