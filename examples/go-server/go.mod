module sigma-auth.example/go-server

go 1.26

require github.com/sigma-auth/sigma-auth/bindings/go v0.0.0

// Until the module is published, use the copy in this repository.
replace github.com/sigma-auth/sigma-auth/bindings/go => ../../bindings/go
