print("driftwatch")
