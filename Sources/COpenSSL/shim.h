/* The part of OpenSSL's libcrypto that osimage uses: EVP message digests. */
#ifndef OSIMAGE_COPENSSL_SHIM_H
#define OSIMAGE_COPENSSL_SHIM_H
#include <openssl/evp.h>
#endif
