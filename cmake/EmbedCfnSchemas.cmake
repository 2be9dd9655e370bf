# Packs models/cloudformation-schemas/ into the binary, compressed (PackCfnSchemas.cmake), at
# build time: again whenever a schema, return-values.tsv or the packer changes.
function(nimbus_embed_cfn_schemas out_var)
  set(schema_dir "${PROJECT_SOURCE_DIR}/models/cloudformation-schemas")
  file(GLOB schema_files CONFIGURE_DEPENDS "${schema_dir}/resources/*.json")
  set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/cfn_schemas")
  set(outputs "${out_dir}/embedded_cfn_schemas.S" "${out_dir}/embedded_cfn_schemas.cc")
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND ${CMAKE_COMMAND} -DSCHEMA_DIR=${schema_dir} -DOUT_DIR=${out_dir}
            -P ${PROJECT_SOURCE_DIR}/cmake/PackCfnSchemas.cmake
    DEPENDS ${schema_files} "${schema_dir}/return-values.tsv"
            "${PROJECT_SOURCE_DIR}/cmake/PackCfnSchemas.cmake"
    COMMENT "Compressing the CloudFormation resource schemas"
    VERBATIM)
  set(${out_var} ${outputs} PARENT_SCOPE)
endfunction()
