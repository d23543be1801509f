print("traceload")
