// An ordinary shared library: no manifest, no rolecall stamp.
extern "C" int answer()
{
    return 42;
}
