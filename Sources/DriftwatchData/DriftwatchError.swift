/// An error that is the user's to fix (bad input, bad configuration, a missing model): the
/// command line prints its description on one line and exits with status 2.
public protocol DriftwatchError: Error, CustomStringConvertible {}

extension DataError: DriftwatchError {}
