#ifndef rolecall_Base64Url_INCLUDED
#define rolecall_Base64Url_INCLUDED

#include <string>
#include <string_view>

namespace rolecall
{

/// RFC 4648 section 5 (URL and file name safe alphabet), without padding, as
/// JWS writes its segments. Decoding is strict where Poco's Base64Decoder is
/// lenient: only the canonical encoding of some bytes is accepted, so one
/// token has exactly one spelling (no '=', no stray characters, no unused
/// bits set in the last character).
namespace Base64Url
{

void append(std::string& out, std::string_view bytes);

std::string encode(std::string_view bytes);

/// The encoded length of `size` bytes.
std::size_t encodedLength(std::size_t size);

/// True, with the bytes in `out`, when `text` is canonical unpadded base64url.
bool decode(std::string_view text, std::string& out);

} // namespace Base64Url

} // namespace rolecall

#endif
