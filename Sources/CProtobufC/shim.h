#ifndef KSI_CPROTOBUFC_SHIM_H
#define KSI_CPROTOBUFC_SHIM_H
#include <protobuf-c/protobuf-c.h>
#endif
