/* version.h: the host's version and the protocol version it speaks (docs/protocol.md). */
#ifndef NB_VERSION_H
#define NB_VERSION_H

#define NB_VERSION "1.0.0"
#define NB_PROTOCOL 1

#endif
