#pragma once

#include <string>

namespace nimbus::test {

// A small service-2.json with one of every shape kind and constraint, so codec and validation
// tests can state exact wire text without depending on a real AWS model. `protocol` is "query"
// or "json".
inline std::string DemoModelJson(const std::string& protocol) {
  return R"({
  "metadata": {"protocol": ")" + protocol + R"(", "apiVersion": "2020-01-01",
               "jsonVersion": "1.1", "targetPrefix": "Demo_20200101",
               "xmlNamespace": "https://demo.amazonaws.com/doc/2020-01-01/",
               "signingName": "demo", "serviceId": "Demo"},
  "operations": {
    "PutThing": {"name": "PutThing", "http": {"method": "POST", "requestUri": "/"},
                 "input": {"shape": "PutThingInput"},
                 "output": {"shape": "PutThingOutput", "resultWrapper": "PutThingResult"},
                 "errors": [{"shape": "NoSuchThing"}]},
    "Ping": {"name": "Ping", "http": {"method": "POST", "requestUri": "/"}}
  },
  "shapes": {
    "PutThingInput": {"type": "structure", "required": ["Name"], "members": {
      "Name": {"shape": "Name"},
      "Count": {"shape": "Count"},
      "Size": {"shape": "Size"},
      "Ratio": {"shape": "Ratio"},
      "Enabled": {"shape": "Bool"},
      "When": {"shape": "Time"},
      "Mode": {"shape": "Mode"},
      "Tags": {"shape": "TagList"},
      "Names": {"shape": "NameList"},
      "Limited": {"shape": "LimitedList"},
      "Attributes": {"shape": "AttributeMap"},
      "Config": {"shape": "Config"},
      "Slow": {"shape": "Slow"}
    }},
    "Name": {"type": "string", "min": 2, "max": 8, "pattern": "[a-z][a-z0-9-]*"},
    "Count": {"type": "integer", "min": 1, "max": 10},
    "Size": {"type": "long"},
    "Ratio": {"type": "double", "min": 0.5},
    "Bool": {"type": "boolean"},
    "Time": {"type": "timestamp"},
    "Mode": {"type": "string", "enum": ["fast", "slow"]},
    "Slow": {"type": "string", "pattern": "^(a+)+b$"},
    "Tag": {"type": "structure", "required": ["Key"],
            "members": {"Key": {"shape": "TagKey"}, "Value": {"shape": "String"}}},
    "TagKey": {"type": "string", "min": 1, "max": 4},
    "TagList": {"type": "list", "member": {"shape": "Tag"}},
    "NameList": {"type": "list", "member": {"shape": "String"}},
    "LimitedList": {"type": "list", "member": {"shape": "String"}, "min": 1, "max": 2},
    "AttributeMap": {"type": "map", "key": {"shape": "String"}, "value": {"shape": "String"}},
    "Config": {"type": "structure", "required": ["Level"],
               "members": {"Level": {"shape": "Count"}, "Inner": {"shape": "Inner"}}},
    "Inner": {"type": "structure", "members": {"Mode": {"shape": "Mode"}}},
    "String": {"type": "string"},
    "PutThingOutput": {"type": "structure", "members": {
      "Id": {"shape": "String"},
      "Names": {"shape": "NameList"},
      "Created": {"shape": "Time"},
      "Enabled": {"shape": "Bool"},
      "Count": {"shape": "Count"},
      "Ratio": {"shape": "Ratio"},
      "Tags": {"shape": "TagList"},
      "Attributes": {"shape": "AttributeMap"},
      "Config": {"shape": "Config"}
    }},
    "NoSuchThing": {"type": "structure", "members": {"message": {"shape": "String"}},
                    "error": {"code": "NoSuchThing", "httpStatusCode": 404, "senderFault": true},
                    "exception": true}
  }
})";
}

}  // namespace nimbus::test
